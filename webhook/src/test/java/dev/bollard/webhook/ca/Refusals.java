package dev.bollard.webhook.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;


/** The assertion every CA package's tests share: a call is refused for a reason, with a message fragment. */
public final class Refusals {
    private Refusals() {
    }

    public static CaRefusedException assertRefused(Refusal reason, String fragment, Executable call) {
        CaRefusedException e = assertThrows(CaRefusedException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }
}
