/** Headless Chromium as every browser test of vodflow drives it, or one loud line naming the package to install. */
package dev.vodflow.browsertest;
