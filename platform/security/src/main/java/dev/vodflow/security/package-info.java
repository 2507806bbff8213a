/** What every service trusts in a bearer token, and the one mapping from its role claim to authorities. */
package dev.vodflow.security;
