package com.example.bad;

/** A mistake the sweep refuses: a class that does not implement CustomModel. */
public final class NotAModel {
}
