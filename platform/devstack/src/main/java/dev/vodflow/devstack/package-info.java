/** The one-command local stack: the stand-ins on fixed ports, their endpoints written for scripts, then the services. */
package dev.vodflow.devstack;
