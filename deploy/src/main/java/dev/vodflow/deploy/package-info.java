/** The AWS CDK app that deploys vodflow: one construct per concern, wired by {@link dev.vodflow.deploy.VodflowStack}. */
package dev.vodflow.deploy;
