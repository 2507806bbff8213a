/** Uploads: the API that hands out presigned URLs, the state of each upload, and their expiry. */
package dev.vodflow.upload.uploads;
