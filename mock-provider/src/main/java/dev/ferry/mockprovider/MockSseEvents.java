package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The event sequence of a streamed answer, as OpenAI sends it: created, in_progress, output_item.added, then for a
 * message content_part.added, one output_text.delta per word, output_text.done, content_part.done, and for a function
 * call one function_call_arguments.delta per piece of the arguments and function_call_arguments.done; then
 * output_item.done and completed. Every event's {@code type} is also its SSE event name; {@code sequence_number}
 * counts from 0.
 */
final class MockSseEvents {

    private final MockResponses responses;

    MockSseEvents(MockResponses responses) {
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    List<ObjectNode> of(MockTurn turn) {
        List<ObjectNode> events = new ArrayList<>();
        events.add(withResponse(events, "response.created", responses.inProgress(turn)));
        events.add(withResponse(events, "response.in_progress", responses.inProgress(turn)));
        ObjectNode added = event(events, "response.output_item.added");
        added.put("output_index", 0);
        added.set("item", responses.item(turn, "in_progress", false));
        events.add(added);
        if (turn.reply() instanceof MockReply.FunctionCall) {
            functionCall(events, turn);
        } else {
            message(events, turn);
        }
        ObjectNode itemDone = event(events, "response.output_item.done");
        itemDone.put("output_index", 0);
        itemDone.set("item", responses.item(turn, "completed", true));
        events.add(itemDone);
        events.add(withResponse(events, "response.completed", responses.completed(turn)));
        return events;
    }

    private void message(List<ObjectNode> events, MockTurn turn) {
        events.add(part(events, "response.content_part.added", turn, ""));
        for (String delta : MockInputText.deltas(turn.text())) {
            ObjectNode event = text(events, "response.output_text.delta", turn);
            event.put("delta", delta);
            events.add(event);
        }
        ObjectNode done = text(events, "response.output_text.done", turn);
        done.put("text", turn.text());
        events.add(done);
        events.add(part(events, "response.content_part.done", turn, turn.text()));
    }

    private void functionCall(List<ObjectNode> events, MockTurn turn) {
        for (String delta : MockInputText.pieces(turn.text())) {
            ObjectNode event = arguments(events, "response.function_call_arguments.delta", turn);
            event.put("delta", delta);
            events.add(event);
        }
        ObjectNode done = arguments(events, "response.function_call_arguments.done", turn);
        done.put("arguments", turn.text());
        events.add(done);
    }

    private ObjectNode event(List<ObjectNode> before, String type) {
        ObjectNode event = responses.object();
        event.put("type", type);
        event.put("sequence_number", before.size());
        return event;
    }

    private ObjectNode withResponse(List<ObjectNode> before, String type, ObjectNode response) {
        ObjectNode event = event(before, type);
        event.set("response", response);
        return event;
    }

    private ObjectNode arguments(List<ObjectNode> before, String type, MockTurn turn) {
        ObjectNode event = event(before, type);
        event.put("item_id", turn.itemId());
        event.put("output_index", 0);
        return event;
    }

    private ObjectNode text(List<ObjectNode> before, String type, MockTurn turn) {
        ObjectNode event = event(before, type);
        event.put("item_id", turn.itemId());
        event.put("output_index", 0);
        event.put("content_index", 0);
        event.putArray("logprobs");
        return event;
    }

    private ObjectNode part(List<ObjectNode> before, String type, MockTurn turn, String text) {
        ObjectNode event = event(before, type);
        event.put("item_id", turn.itemId());
        event.put("output_index", 0);
        event.put("content_index", 0);
        event.set("part", responses.outputText(text));
        return event;
    }
}
