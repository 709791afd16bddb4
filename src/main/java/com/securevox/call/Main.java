package com.securevox.call;

public final class Main {
    public static void main(String[] args) {}
}
