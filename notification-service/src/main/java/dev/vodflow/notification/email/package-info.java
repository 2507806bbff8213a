/**
 * E-mail through Amazon SES v2: the mails a video's owner and the operators get, rendered from localised templates
 * into an outbox that is sent with back-off, at most once per event, and never to a suppressed address.
 */
package dev.vodflow.notification.email;
