/** The local front door: one origin for the web page, the token issuer and the services' APIs. */
package dev.vodflow.devstack.gateway;
