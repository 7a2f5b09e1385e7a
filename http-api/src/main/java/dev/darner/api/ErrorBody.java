package dev.darner.api;

/**
 * The JSON body of every error answer: a short machine-readable code and a message for a person.
 */
public record ErrorBody(String error, String message) {}
