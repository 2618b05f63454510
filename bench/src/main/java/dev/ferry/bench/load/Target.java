package dev.ferry.bench.load;

/** Something to put load on: it names itself and makes one caller per load-generator thread. */
public interface Target {

    String name();

    Caller newCaller() throws Exception;
}
