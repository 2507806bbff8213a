/** The media bucket: removing a deleted video's source and outputs. */
package dev.vodflow.catalog.storage;
