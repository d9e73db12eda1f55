/**
 * What the HTTP adapters of every service share: {@link io.faultline.http.JsonErrorPages}, so that
 * the errors Jetty answers before a route are in the API's JSON form too;
 * {@link io.faultline.http.ClientText}, what an error message may say about a client's input;
 * {@link io.faultline.http.JsonMediaType}, which request bodies may be read as JSON (415 for the
 * others); and {@link io.faultline.http.MethodNotAllowed}, the Allow header and message of a 405
 * from Javalin's own routes. Depends on no service.
 */
package io.faultline.http;
