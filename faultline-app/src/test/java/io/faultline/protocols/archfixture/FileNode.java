package io.faultline.protocols.archfixture;

import io.faultline.runtime.archfixture.QuietNode;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Architecture fixture: a protocol node that keeps its state in files of its own. */
public final class FileNode extends QuietNode {

    String save() throws IOException {
        try (FileOutputStream out = new FileOutputStream(new File("state.bin"))) {
            out.write(1);
        }
        return Files.readString(Path.of("state.txt"));
    }
}
