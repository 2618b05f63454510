package dev.ferry.app;

/** What Ferry prints once it is up: how to submit a job and poll it. */
final class StartupHelp {

    private StartupHelp() {
    }

    static String text(String host, int port) {
        String base = "http://" + host + ":" + port;
        return String.join("\n",
                "Ferry is serving " + base,
                "Submit an async job:",
                "  curl -s -D - " + base + "/openai/v1/responses -H 'content-type: application/json' \\",
                "       -H 'x-bf-async: true' -d '{\"model\":\"mock/echo\",\"input\":\"Hello, Ferry\"}'",
                "Poll it with the id from the x-bf-async-id header:",
                "  curl -s -X POST " + base + "/openai/v1/responses -H 'x-bf-async-id: <job id>'",
                "Press Ctrl+C to stop.");
    }
}
