package dev.bollard.iptables;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessRestorerTest {

    @Test
    void permissionErrorsAskForTheCapabilities() {
        String message = ProcessRestorer.failure("iptables-restore", 4,
                "iptables-restore v1.8.9 (nf_tables): Could not fetch rule set generation id: "
                        + "Permission denied (you must be root)").getMessage();
        assertTrue(message.startsWith("init-iptables needs NET_ADMIN and NET_RAW"), message);
    }

    @Test
    void missingBinaryIsNamed() {
        ProcessRestorer restorer = new ProcessRestorer("bollard-no-such-iptables", "bollard-no-such-ip6tables");
        IptablesException e = assertThrows(IptablesException.class, () -> restorer.save(IpFamily.V4));
        assertTrue(e.getMessage().startsWith("bollard-no-such-iptables-save not found: install iptables"),
                e.getMessage());
    }
}
