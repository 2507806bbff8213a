/**
 * A local stand-in for the CloudFront distribution in front of the output bucket: it checks signed cookies and
 * signed URLs as CloudFront does and serves objects from S3 with the production cache headers.
 */
package dev.vodflow.localaws.cloudfront;
