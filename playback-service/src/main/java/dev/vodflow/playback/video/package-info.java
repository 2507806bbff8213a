/** The playback projection: which videos can be played, by whom, from which master playlist. */
package dev.vodflow.playback.video;
