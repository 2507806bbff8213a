/** The live stream for browsers: each owner's recent video events, as Server-Sent Events with resume. */
package dev.vodflow.notification.stream;
