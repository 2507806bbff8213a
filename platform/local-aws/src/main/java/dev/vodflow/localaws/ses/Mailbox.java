package dev.vodflow.localaws.ses;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * GreenMail's SMTP server on loopback and the client side that hands each accepted message to it over real SMTP,
 * as SES hands mail on to the recipient's server. Everything sent lands in one catch-all mailbox.
 */
final class Mailbox implements AutoCloseable {

    static final String SES_MESSAGE_ID_HEADER = "X-SES-Message-ID";
    /** When the stand-in accepted the message, to full precision: Date has only seconds, and order matters. */
    private static final String ACCEPTED_AT_HEADER = "X-Local-SES-Accepted-At";

    private final GreenMail greenMail;
    private final Session smtp;

    private Mailbox(GreenMail greenMail, Session smtp) {
        this.greenMail = greenMail;
        this.smtp = smtp;
    }

    static Mailbox start(int smtpPort) {
        GreenMail greenMail = smtpServer(smtpPort);
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        return new Mailbox(greenMail, Session.getInstance(properties));
    }

    /**
     * Asked for any free port (0), GreenMail picks one, lets it go and then binds it: a socket opened meanwhile can take
     * it (a dev stack start once failed so, an outgoing connection of the stack's own JVM holding the port as its local
     * end). A few more tries then get another port.
     */
    private static GreenMail smtpServer(int smtpPort) {
        for (int attempt = 1; ; attempt++) {
            GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            try {
                greenMail.start();
                return greenMail;
            } catch (RuntimeException e) {
                greenMail.stop();
                if (smtpPort != 0 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** A multipart/alternative message (text first, then HTML, as mail clients prefer the last one they can show). */
    void deliver(OutgoingMail mail) {
        try {
            MimeMessage message = new MimeMessage(smtp);
            message.setFrom(new InternetAddress(mail.from()));
            for (String to : mail.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(mail.subject(), "UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            if (mail.text() != null) {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(mail.text(), "UTF-8", "plain");
                alternative.addBodyPart(text);
            }
            if (mail.html() != null) {
                MimeBodyPart html = new MimeBodyPart();
                html.setText(mail.html(), "UTF-8", "html");
                alternative.addBodyPart(html);
            }
            message.setContent(alternative);
            for (Map.Entry<String, String> header : mail.headers().entrySet()) {
                message.addHeader(header.getKey(), header.getValue());
            }
            message.setHeader(SES_MESSAGE_ID_HEADER, mail.messageId());
            message.setHeader(ACCEPTED_AT_HEADER, Instant.now().toString());
            message.saveChanges();
            // saveChanges assigns a fresh Message-ID; SES's own form is set after it.
            message.setHeader("Message-ID", "<" + mail.messageId() + "@email.amazonses.com>");
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("the local SMTP server did not take the message: " + e.getMessage(), e);
        }
    }

    /** A raw MIME message as given ({@code Content.Raw}), addressed to {@code to}. */
    void deliverRaw(byte[] mime, List<String> to, String messageId) {
        try {
            MimeMessage message = new MimeMessage(smtp, new ByteArrayInputStream(mime));
            message.setHeader(SES_MESSAGE_ID_HEADER, messageId);
            message.setHeader(ACCEPTED_AT_HEADER, Instant.now().toString());
            List<InternetAddress> recipients = new ArrayList<>();
            for (String address : to) {
                recipients.add(new InternetAddress(address));
            }
            Transport.send(message, recipients.toArray(InternetAddress[]::new));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Content.Raw.Data is not a MIME message: " + e.getMessage(), e);
        }
    }

    /** Oldest first. */
    List<ReceivedMail> messages() {
        return Arrays.stream(greenMail.getReceivedMessages())
                .map(Mailbox::read)
                .sorted(Comparator.comparing(ReceivedMail::receivedAt))
                .toList();
    }

    void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("the local mailbox could not be emptied", e);
        }
    }

    private static ReceivedMail read(MimeMessage message) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            Enumeration<Header> all = message.getAllHeaders();
            while (all.hasMoreElements()) {
                Header header = all.nextElement();
                headers.putIfAbsent(header.getName(), header.getValue());
            }
            List<String> to = new ArrayList<>();
            jakarta.mail.Address[] recipients = message.getRecipients(Message.RecipientType.TO);
            if (recipients != null) {
                Arrays.stream(recipients)
                        .map(a -> ((InternetAddress) a).getAddress())
                        .forEach(to::add);
            }
            Bodies bodies = new Bodies();
            bodies.collect(message);
            String accepted = message.getHeader(ACCEPTED_AT_HEADER, null);
            Instant received = accepted != null ? Instant.parse(accepted) : Instant.EPOCH;
            return new ReceivedMail(
                    message.getHeader(SES_MESSAGE_ID_HEADER, null),
                    message.getFrom() == null ? null : ((InternetAddress) message.getFrom()[0]).getAddress(),
                    List.copyOf(to),
                    message.getSubject(),
                    bodies.text,
                    bodies.html,
                    headers,
                    received);
        } catch (MessagingException e) {
            throw new IllegalStateException("a message in the local mailbox cannot be read", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first text/plain and text/html parts found, however deeply nested. */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("text/plain") && text == null) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html") && html == null) {
                html = (String) part.getContent();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
