package dev.vodflow.notification.email;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * One SendEmail call, and what its outcome means for the outbox: throttling, quota, 5xx and connection trouble are
 * worth another try later; any other refusal (rejected message, unverified sender, paused account) is not.
 */
final class SesMailer {

    /** What became of one attempt. */
    record Outcome(Result result, String sesMessageId, String error) {}

    enum Result {
        SENT,
        RETRY,
        FAILED
    }

    private final SesV2Client ses;
    private final String from;
    private final String configurationSet;

    SesMailer(SesV2Client ses, String from, String configurationSet) {
        this.ses = ses;
        this.from = from;
        this.configurationSet = configurationSet == null || configurationSet.isBlank() ? null : configurationSet;
    }

    Outcome send(QueuedMail mail) {
        try {
            String id = ses.sendEmail(request(mail)).messageId();
            return new Outcome(Result.SENT, id, null);
        } catch (TooManyRequestsException | LimitExceededException e) {
            return new Outcome(Result.RETRY, null, describe(e));
        } catch (SesV2Exception e) {
            boolean retry = e.statusCode() >= 500 || e.statusCode() == 429;
            return new Outcome(retry ? Result.RETRY : Result.FAILED, null, describe(e));
        } catch (SdkClientException e) {
            return new Outcome(Result.RETRY, null, "no answer from SES: " + e.getMessage());
        }
    }

    SendEmailRequest request(QueuedMail mail) {
        Message message = Message.builder()
                .subject(utf8(mail.subject()))
                .body(Body.builder()
                        .text(utf8(mail.text()))
                        .html(utf8(mail.html()))
                        .build())
                // RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button that POSTs to the link,
                // which the unsubscribe endpoint accepts without a login.
                .headers(
                        MessageHeader.builder()
                                .name("List-Unsubscribe")
                                .value("<" + mail.unsubscribeUrl() + ">")
                                .build(),
                        MessageHeader.builder()
                                .name("List-Unsubscribe-Post")
                                .value("List-Unsubscribe=One-Click")
                                .build())
                .build();
        return SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(d -> d.toAddresses(mail.recipient()))
                .configurationSetName(configurationSet)
                .emailTags(t -> t.name("kind").value(mail.kind().template))
                .content(EmailContent.builder().simple(message).build())
                .build();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }

    private static String describe(SesV2Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        return "SES answered " + e.statusCode() + (code == null ? "" : " " + code) + ": " + message;
    }
}
