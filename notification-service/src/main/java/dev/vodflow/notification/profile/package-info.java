/** A user's e-mail address, language and consent to mail about their videos, set through the API. */
package dev.vodflow.notification.profile;
