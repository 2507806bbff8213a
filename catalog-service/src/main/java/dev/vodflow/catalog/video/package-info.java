/** Videos: the projection of the video and transcode events, its rules, storage and REST API. */
package dev.vodflow.catalog.video;
