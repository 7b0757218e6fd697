package io.prescale.planner.config;

import io.prescale.planner.diag.Diagnostics;
import io.prescale.planner.diag.SourceLocation;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses YAML into a node tree that keeps line numbers (SnakeYAML Engine's composer), so every later validation
 * error can name the line. YAML 1.2 rules: {@code NO} (Norway) stays a string.
 */
public final class YamlDoc {
    private YamlDoc() {
    }

    /** The document's root, or empty (with a diagnostic) when the text is not valid YAML or is empty. */
    public static Optional<YNode> parse(String file, String text, Diagnostics diags) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            if (root.isEmpty()) {
                diags.error(SourceLocation.of(file), "the file is empty");
                return Optional.empty();
            }
            return Optional.of(new YNode(file, root.get(), "", diags));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
            diags.error(new SourceLocation(file, line, col, ""), "not valid YAML: " + e.getProblem(),
                    e.getContext() == null ? "" : e.getContext());
            return Optional.empty();
        } catch (YamlEngineException e) {
            diags.error(SourceLocation.of(file), "not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }
}
