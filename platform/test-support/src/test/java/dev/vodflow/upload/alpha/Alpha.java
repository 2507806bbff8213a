package dev.vodflow.upload.alpha;

import dev.vodflow.upload.beta.Beta;

/** Half of a cycle between two feature packages. */
public class Alpha {
    Beta partner;
}
