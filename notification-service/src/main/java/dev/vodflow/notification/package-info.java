/** Signed webhooks and a live event stream for browsers. */
package dev.vodflow.notification;
