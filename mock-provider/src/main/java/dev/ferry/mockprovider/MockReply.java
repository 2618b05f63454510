package dev.ferry.mockprovider;

import java.util.Objects;

/** What the mock answers one request with: an assistant message, or a call of one of the request's tools. */
sealed interface MockReply {

    /** The text the output carries: the message's text, or the call's arguments. */
    String text();

    /** An assistant message with one {@code output_text} part: an echo, or JSON when a format asked for it. */
    record Message(String text) implements MockReply {
        public Message {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A {@code function_call} output item.
     *
     * @param name the tool's name
     * @param arguments a JSON object, serialized, valid for the tool's {@code parameters} schema
     */
    record FunctionCall(String name, String arguments) implements MockReply {
        public FunctionCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }

        @Override
        public String text() {
            return arguments;
        }
    }
}
