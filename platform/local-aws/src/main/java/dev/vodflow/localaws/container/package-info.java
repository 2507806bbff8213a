/** The local stand-ins as container processes: one role per container, reachable over the container network. */
package dev.vodflow.localaws.container;
