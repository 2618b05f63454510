package dev.ferry.tokens;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/** A real encoding that records the length of every text it is asked to count: the work a count does. */
final class RecordingEncoding implements Encoding {

    private final Encoding real;
    private final List<Integer> countedLengths = new ArrayList<>();

    RecordingEncoding(Encoding real) {
        this.real = real;
    }

    /** The length of each text counted so far, in order. */
    List<Integer> countedLengths() {
        return countedLengths;
    }

    @Override
    public int countTokensOrdinary(String text) {
        countedLengths.add(text.length());
        return real.countTokensOrdinary(text);
    }

    @Override
    public IntArrayList encode(String text) {
        throw new UnsupportedOperationException("counting never encodes");
    }

    @Override
    public EncodingResult encode(String text, int maxTokens) {
        throw new UnsupportedOperationException("counting never encodes");
    }

    @Override
    public IntArrayList encodeOrdinary(String text) {
        throw new UnsupportedOperationException("counting never encodes");
    }

    @Override
    public EncodingResult encodeOrdinary(String text, int maxTokens) {
        throw new UnsupportedOperationException("counting never encodes");
    }

    @Override
    public int countTokens(String text) {
        throw new UnsupportedOperationException("counting treats special tokens as ordinary text");
    }

    @Override
    public String decode(IntArrayList tokens) {
        return real.decode(tokens);
    }

    @Override
    public byte[] decodeBytes(IntArrayList tokens) {
        return real.decodeBytes(tokens);
    }

    @Override
    public String getName() {
        return real.getName();
    }
}
