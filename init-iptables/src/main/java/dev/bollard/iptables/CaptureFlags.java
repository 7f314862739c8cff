package dev.bollard.iptables;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line. Long names follow istio-iptables where a user would look for them, the short
 * names are istio-iptables' own, and Istio's older long names are accepted as aliases.
 */
@Command(name = "init-iptables", sortOptions = false,
        description = "Redirects the pod's TCP traffic to the sidecar proxy with one atomic iptables-restore.")
public final class CaptureFlags {

    @Option(names = {"-p", "--outbound-capture-port", "--envoy-port"}, paramLabel = "PORT",
            description = "Port outbound traffic is redirected to (default ${DEFAULT-VALUE}).")
    String outboundCapturePort = "15001";

    @Option(names = {"-z", "--inbound-capture-port"}, paramLabel = "PORT",
            description = "Port inbound traffic is redirected to (default ${DEFAULT-VALUE}).")
    String inboundCapturePort = "15006";

    @Option(names = {"-u", "--proxy-uid"}, paramLabel = "UID",
            description = "User id of the proxy; its traffic is never captured (default ${DEFAULT-VALUE}).")
    String proxyUid = "1337";

    @Option(names = {"-g", "--proxy-gid"}, paramLabel = "GID",
            description = "Group id of the proxy; its traffic is never captured (default ${DEFAULT-VALUE}).")
    String proxyGid = "1337";

    @Option(names = {"-b", "--include-inbound-ports", "--istio-inbound-ports"}, paramLabel = "PORTS",
            description = "Inbound ports to capture: '*' or a list; empty captures none (default ${DEFAULT-VALUE}).")
    String includeInboundPorts = "*";

    @Option(names = {"-d", "--exclude-inbound-ports", "--istio-local-exclude-ports"}, paramLabel = "PORTS",
            description = "Inbound ports never captured; 15020, 15021 and 15090 are always added.")
    String excludeInboundPorts = "";

    @Option(names = {"-i", "--include-outbound-ip-ranges", "--istio-service-cidr"}, paramLabel = "CIDRS",
            description = "Outbound destinations to capture: '*' or CIDRs; empty captures none (default ${DEFAULT-VALUE}).")
    String includeOutboundIpRanges = "*";

    @Option(names = {"-x", "--exclude-outbound-ip-ranges", "--istio-service-exclude-cidr"}, paramLabel = "CIDRS",
            description = "Outbound destinations never captured.")
    String excludeOutboundIpRanges = "";

    @Option(names = {"-o", "--exclude-outbound-ports", "--istio-local-outbound-ports-exclude"},
            paramLabel = "PORTS", description = "Outbound destination ports never captured (TCP and UDP).")
    String excludeOutboundPorts = "";

    @Option(names = {"-q", "--include-outbound-ports", "--istio-outbound-ports"}, paramLabel = "PORTS",
            description = "Outbound destination ports captured whatever the destination address.")
    String includeOutboundPorts = "";

    @Option(names = {"-c", "--exclude-interfaces", "--istio-exclude-interfaces"}, paramLabel = "NAMES",
            description = "Interfaces whose traffic is never captured.")
    String excludeInterfaces = "";

    @Option(names = {"-k", "--kube-virt-interfaces", "--reroute-virtual-interfaces"}, paramLabel = "NAMES",
            description = "Interfaces of virtual machines inside the pod (KubeVirt): what arrives on them is "
                    + "outbound traffic of the VM and goes to the outbound capture port.")
    String rerouteInterfaces = "";

    @Option(names = "--ipv6", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Also write ip6tables rules (default ${DEFAULT-VALUE}).")
    boolean ipv6;

    @Option(names = "--capture-dns", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Redirect DNS (port 53) to the agent's DNS proxy on 15053 (default ${DEFAULT-VALUE}).")
    boolean captureDns;

    @Option(names = {"-n", "--dry-run"}, description = "Print the iptables-restore input; change nothing.")
    boolean dryRun;

    @Option(names = {"--cleanup", "--clean"}, description = "Remove the chains and jumps this tool adds.")
    boolean cleanup;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Parses flags into a config; a bad value throws IllegalArgumentException naming the flag. */
    public static CaptureConfig parse(String... args) {
        return parseCommand(args).config();
    }

    /** Parses flags, including the modes (--dry-run, --cleanup) that are not part of the config. */
    static CaptureFlags parseCommand(String... args) {
        CaptureFlags flags = new CaptureFlags();
        try {
            new CommandLine(flags).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return flags;
    }

    /** The flag reference, as --help prints it. */
    static String usage() {
        return new CommandLine(new CaptureFlags()).getUsageMessage();
    }

    CaptureConfig config() {
        return new CaptureConfig(
                value("--outbound-capture-port", outboundCapturePort, CaptureValues::port),
                value("--inbound-capture-port", inboundCapturePort, CaptureValues::port),
                value("--proxy-uid", proxyUid, CaptureValues::id),
                value("--proxy-gid", proxyGid, CaptureValues::id),
                value("--include-inbound-ports", includeInboundPorts, CaptureValues::portSelection),
                value("--exclude-inbound-ports", excludeInboundPorts, CaptureValues::ports),
                value("--include-outbound-ip-ranges", includeOutboundIpRanges, CaptureValues::ipRanges),
                value("--exclude-outbound-ip-ranges", excludeOutboundIpRanges, CaptureValues::cidrs),
                value("--exclude-outbound-ports", excludeOutboundPorts, CaptureValues::ports),
                value("--include-outbound-ports", includeOutboundPorts, CaptureValues::ports),
                value("--exclude-interfaces", excludeInterfaces, CaptureValues::interfaces),
                value("--kube-virt-interfaces", rerouteInterfaces, CaptureValues::interfaces),
                ipv6,
                captureDns);
    }

    private static <T> T value(String flag, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
