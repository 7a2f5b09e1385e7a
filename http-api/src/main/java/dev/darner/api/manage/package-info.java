/**
 * Management over HTTP: the node's and the cluster's tasks, traffic statistics, taking members out
 * of the cluster, and Prometheus metrics. What it needs from the node it declares as small
 * interfaces ({@link dev.darner.api.manage.TaskAdmin}, {@link dev.darner.api.manage.MemberAdmin});
 * the endpoints that change things sit behind {@link dev.darner.api.manage.ApiToken}.
 */
package dev.darner.api.manage;
