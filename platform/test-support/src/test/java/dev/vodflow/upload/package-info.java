/** Classes shaped like a service's, each breaking one dependency rule, for {@code ServiceRulesTests}. */
package dev.vodflow.upload;
