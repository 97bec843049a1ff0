package io.radio4j.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.core.backend.BackendChain;
import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.encoder.RadioClipEncoder;
import io.radio4j.langchain.RadioClipEmbeddingModel;
import io.radio4j.quarkus.RadioBeans;
import io.radio4j.quarkus.RadioEncoders;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service takes its backend, encoders and LangChain4j model from the radio4j-quarkus module,
 * adds only its wrapper, and builds RADIO-CLIP once: the REST route and the LangChain4j model bean
 * (used by the image index) run on one encoder.
 */
@QuarkusTest
class SharedBeansTest {

    @Inject
    EmbeddingModel embeddingModel;

    @Inject
    RadioEncoders encoders;

    @Inject
    RadioClipEncoder clip;

    @Inject
    InferenceBackend backend;

    @Test
    void should_take_backend_and_langchain4j_model_from_the_module() {
        assertThat(Arc.container().instance(EmbeddingModel.class).getBean().getBeanClass())
                .isEqualTo(RadioBeans.class);
        assertThat(Arc.container().instance(InferenceBackend.class).getBean().getBeanClass())
                .isEqualTo(RadioBeans.class);
        assertThat(backend)
                .as("the service's deadline and metrics wrap the module's backend")
                .isInstanceOf(BackendChain.class);
    }

    @Test
    void should_serve_rest_embeddings_and_the_langchain4j_model_from_one_clip_encoder() {
        RadioClipEncoder behindModel = ((RadioClipEmbeddingModel) ClientProxy.unwrap(embeddingModel)).encoder();
        assertThat(behindModel).isSameAs(encoders.clip()).isSameAs(clip);

        List<Float> rest = given().contentType(ContentType.JSON)
                .body(Map.of("input", "a red square"))
                .when()
                .post("/v1/embeddings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data[0].embedding", Float.class);
        float[] model = embeddingModel.embed("a red square").content().vector();
        assertThat(rest).hasSize(model.length);
        for (int i = 0; i < model.length; i++) {
            assertThat(rest.get(i)).isEqualTo(model[i]);
        }
    }
}
