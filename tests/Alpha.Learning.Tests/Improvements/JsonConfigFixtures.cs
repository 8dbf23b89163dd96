namespace Alpha.Learning.Tests.Improvements;

/// <summary>An appsettings.json as .NET hosts write it: comments of both kinds, a trailing comma, nested sections, an array.</summary>
internal static class JsonConfigFixtures
{
    public const string AppSettings =
        "{\n" +
        "  // Agent host settings; edited by people and by Alpha.Learning.\n" +
        "  \"Logging\": {\n" +
        "    \"LogLevel\": { \"Default\": \"Information\" }\n" +
        "  },\n" +
        "  \"Agent\": {\n" +
        "    \"Tools\": {\n" +
        "      \"search\": {\n" +
        "        \"TimeoutSeconds\": 10, // tight on purpose\n" +
        "        \"MaxRetries\": 0,\n" +
        "      },\n" +
        "      /* fetch is slow */\n" +
        "      \"fetch\": { \"TimeoutSeconds\": 20.5 }\n" +
        "    },\n" +
        "    \"Routing\": {\n" +
        "      \"summarize\": \"gpt-4o\"\n" +
        "    },\n" +
        "    \"Endpoints\": [ \"https://a.example\", \"https://b.example\" ]\n" +
        "  }\n" +
        "}\n";
}
