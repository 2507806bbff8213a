package dev.vodflow.upload.clean;

import java.util.List;

/** A feature class that keeps every rule. */
public class Clean {
    List<String> names() {
        return List.of("clean");
    }
}
