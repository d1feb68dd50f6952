import Stats

/// How well a model agrees with its teacher on documents it was not trained on.
public enum HoldoutEvaluation {
    public static func agreement(_ model: DistilledModel, on documents: [TrainingDocument]) -> AgreementReport {
        var report = AgreementReport()
        for document in documents {
            let predicted = model.predict(DocumentFeatures(document.features, settings: model.settings))
            report.add(
                referenceDomain: document.labels.domain,
                referenceScores: document.labels.scores,
                candidateDomain: predicted.domain,
                candidateScores: predicted.scores
            )
        }
        return report
    }
}
