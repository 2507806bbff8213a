/** Live channels in the catalog: which are on air, from the live topics, for viewers to find. */
package dev.vodflow.catalog.live;
