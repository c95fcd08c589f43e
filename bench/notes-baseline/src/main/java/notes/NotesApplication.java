package notes;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The chat handler of the design notes (seed 000), built as they write it so that chat-bench can measure what the
 * naive Spring version does on the same machine as the product: in memory, one process, no persistence.
 * Not a product; see README.md beside the pom for what was added to the notes and why.
 */
@SpringBootApplication
public class NotesApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }
}
