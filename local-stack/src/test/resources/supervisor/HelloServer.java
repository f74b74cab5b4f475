import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A real server for SupervisorTest, run with the source launcher (java HelloServer.java PORT
 * DELAY_MS): sleeps, then answers GET / with 200 "hello" until killed.
 */
public class HelloServer {
    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.parseLong(args[1]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("hello server listening");
    }
}
