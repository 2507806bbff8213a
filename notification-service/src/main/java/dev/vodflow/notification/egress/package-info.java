/** Outbound HTTP to subscriber endpoints, behind an SSRF guard that checks the very address it connects to. */
package dev.vodflow.notification.egress;
