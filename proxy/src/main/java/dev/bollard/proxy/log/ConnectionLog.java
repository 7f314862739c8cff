package dev.bollard.proxy.log;

/** Where the data plane writes its one line per connection. (Interface stub.) */
public interface ConnectionLog {
    void write(String line);

    static ConnectionLog stdout() {
        return line -> {
            System.out.println(line);
            System.out.flush();
        };
    }
}
