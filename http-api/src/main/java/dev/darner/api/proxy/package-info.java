/**
 * The node as an HTTP proxy: requests whose URL matches a configured rule go peer-to-peer, all
 * others and every {@code CONNECT} tunnel pass through untouched. Also the client that relays
 * requests to upstream servers, which the registry mirror shares.
 */
package dev.darner.api.proxy;
