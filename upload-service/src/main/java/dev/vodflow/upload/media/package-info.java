/** What counts as a media file: the known containers, their content types and their leading bytes. */
package dev.vodflow.upload.media;
