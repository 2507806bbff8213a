/** Videos, renditions and thumbnails, rebuildable by replay. */
package dev.vodflow.catalog;
