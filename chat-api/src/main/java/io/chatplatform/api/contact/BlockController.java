package io.chatplatform.api.contact;

import io.chatplatform.domain.contact.BlockService;
import io.chatplatform.domain.contact.BlockView;
import io.chatplatform.domain.user.Actor;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's blocks. PUT and DELETE name the other user in the path and are idempotent, so a client may repeat
 * them after a lost answer.
 */
@RestController
@RequestMapping("/api/users/me/blocks")
class BlockController {

    private final BlockService blocks;

    BlockController(BlockService blocks) {
        this.blocks = blocks;
    }

    @GetMapping
    List<BlockView> list(Actor caller) {
        return blocks.blocksOf(caller);
    }

    @PutMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void block(Actor caller, @PathVariable String userId) {
        blocks.block(caller, userId);
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(Actor caller, @PathVariable String userId) {
        blocks.unblock(caller, userId);
    }
}
