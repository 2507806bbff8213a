/** live-service: live channels, their stream keys and encoders, and each broadcast's way into the catalog. */
package dev.vodflow.live;
