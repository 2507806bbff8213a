package dev.vodflow.upload.beta;

import dev.vodflow.upload.alpha.Alpha;

/** The other half of the cycle. */
public class Beta {
    Alpha partner;
}
