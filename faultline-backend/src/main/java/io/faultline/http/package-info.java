/**
 * What the HTTP adapters of every service share: {@link io.faultline.http.JsonErrorPages}, so that
 * the errors Jetty answers before a route are in the API's JSON form too, and
 * {@link io.faultline.http.ClientText}, what an error message may say about a client's input.
 * Depends on no service.
 */
package io.faultline.http;
