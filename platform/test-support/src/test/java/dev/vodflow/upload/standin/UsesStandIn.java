package dev.vodflow.upload.standin;

import dev.vodflow.localaws.LocalAws;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A class that reaches for the local stand-ins, as no service may (a call: constants are inlined, invisible). */
public class UsesStandIn {
    StaticCredentialsProvider credentials() {
        return LocalAws.credentials();
    }
}
