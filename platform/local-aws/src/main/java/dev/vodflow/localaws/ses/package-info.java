/**
 * A local stand-in for Amazon SES v2: the {@code SendEmail} REST call the real SDK client makes, delivered over SMTP
 * into an in-JVM GreenMail mailbox a developer can read, with injectable throttling and server errors, and the SES
 * mailbox simulator's bounce and complaint feedback posted to SQS as SNS would.
 */
package dev.vodflow.localaws.ses;
