/** An emulator of the AWS Elemental MediaConvert job API that does the work with FFmpeg. */
package dev.vodflow.localaws.mediaconvert;
