/** Test support: the local stand-ins started once per test JVM and handed to Spring, and test JWTs. */
package dev.vodflow.testsupport;
