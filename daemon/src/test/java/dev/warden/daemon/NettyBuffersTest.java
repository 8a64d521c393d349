package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.impl.buffer.VertxByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The buffer pool Vert.x ends up with, in real JVMs started as Warden's main starts. */
class NettyBuffersTest {

    @Test
    void vertxPoolsDirectBuffersInOneArenaOfSmallChunks() throws Exception {
        String output = ChildJvm.output(Probe.class, List.of());
        assertThat(output).contains("set: [io.netty.allocator.type=pooled, io.netty.allocator.numDirectArenas=1,"
                        + " io.netty.allocator.numHeapArenas=1, io.netty.allocator.maxOrder=7]")
                .contains("vertx pool: PooledByteBufAllocator", "direct arenas: 1", "chunk: 1048576");
    }

    @Test
    void aPropertyGivenOnTheCommandLineIsLeftAsItIs() throws Exception {
        String output = ChildJvm.output(Probe.class, List.of("-Dio.netty.allocator.numDirectArenas=3"));
        assertThat(output).doesNotContain("numDirectArenas=1").contains("direct arenas: 3", "chunk: 1048576");
    }

    /** Configures as {@code Main} does, then prints the allocator Vert.x's pooled buffers come from. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("set: " + NettyBuffers.configure());
            ByteBufAllocator pooled = VertxByteBufAllocator.POOLED_ALLOCATOR;
            System.out.println("vertx pool: " + pooled.getClass().getSimpleName());
            if (pooled instanceof PooledByteBufAllocator allocator) {
                System.out.println("direct arenas: " + allocator.metric().numDirectArenas());
                System.out.println("chunk: " + allocator.metric().chunkSize());
            }
        }
    }
}
