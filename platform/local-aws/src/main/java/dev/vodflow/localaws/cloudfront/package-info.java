/**
 * A local stand-in for the CloudFront distribution in front of the output bucket: it checks signed cookies and
 * signed URLs as CloudFront does and serves objects from S3 with the production cache headers; live channels through
 * an origin group of the two pipelines' prefixes.
 */
package dev.vodflow.localaws.cloudfront;
