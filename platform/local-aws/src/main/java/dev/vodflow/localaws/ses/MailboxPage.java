package dev.vodflow.localaws.ses;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The developer's inbox: every message the stand-in delivered, newest first, with links to its two bodies. */
final class MailboxPage {

    private MailboxPage() {}

    static byte[] render(List<ReceivedMail> oldestFirst) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>vodflow local mailbox</title>
                <style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em .8em;text-align:left;\
                border-bottom:1px solid #ddd}</style></head><body>
                <h1>Local mailbox</h1>
                <p>Every message sent through the local SES. JSON: <a href="/mailbox">/mailbox</a>;
                empty it with <code>DELETE /mailbox</code>.</p>
                <table><tr><th>received</th><th>to</th><th>subject</th><th></th></tr>
                """);
        for (int i = oldestFirst.size() - 1; i >= 0; i--) {
            ReceivedMail mail = oldestFirst.get(i);
            String id = escape(mail.messageId());
            html.append("<tr><td>")
                    .append(mail.receivedAt())
                    .append("</td><td>")
                    .append(escape(String.join(", ", mail.to())))
                    .append("</td><td>")
                    .append(escape(mail.subject()))
                    .append("</td><td><a href=\"/mailbox/")
                    .append(id)
                    .append("/html\">HTML</a> · <a href=\"/mailbox/")
                    .append(id)
                    .append("/text\">text</a></td></tr>\n");
        }
        if (oldestFirst.isEmpty()) {
            html.append("<tr><td colspan=\"4\">No mail yet.</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
